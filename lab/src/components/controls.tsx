/**
 * Labelled form controls. Every control has a visible <label> bound to it (keyboard and screen-reader
 * use), a stable id (`c-<name>`, which ?hide= and the tests use) and disappears when ?hide= names it.
 * Numbers on a log scale move by a slider over log10(value) with the exact value in a box beside it.
 */
import type { ComponentChildren } from 'preact';
import { useContext } from 'preact/hooks';
import { HiddenContext } from './hidden';

interface Common {
  name: string;
  label: string;
}

function useHidden(name: string): boolean {
  return useContext(HiddenContext).has(name);
}

export function Row({ name, label, children }: Common & { children: ComponentChildren }) {
  if (useHidden(name)) return null;
  return (
    <div class="row" data-control={name}>
      <label for={`c-${name}`}>{label}</label>
      {children}
    </div>
  );
}

interface NumberProps extends Common {
  value: number;
  min: number;
  max: number;
  log?: boolean;
  step?: number;
  integer?: boolean;
  onChange(value: number): void;
}

/** A slider and a number box; a log slider moves in tenths of a decade. */
export function NumberControl({
  name,
  label,
  value,
  min,
  max,
  log = false,
  step,
  integer = false,
  onChange,
}: NumberProps) {
  const toSlider = (v: number): number => (log ? Math.log10(Math.max(v, min)) : v);
  const fromSlider = (s: number): number => (log ? Number((10 ** s).toPrecision(3)) : s);
  const clampOk = (v: number): boolean =>
    Number.isFinite(v) && v >= min && v <= max && (!integer || Number.isInteger(v));
  const sliderStep = log ? 0.05 : (step ?? (integer ? 1 : (max - min) / 100));
  return (
    <Row name={name} label={label}>
      <span class="number">
        <input
          type="range"
          aria-label={`${label} slider`}
          min={toSlider(min)}
          max={toSlider(max)}
          step={sliderStep}
          value={toSlider(value)}
          onInput={(e) => onChange(fromSlider(Number((e.target as HTMLInputElement).value)))}
        />
        <input
          id={`c-${name}`}
          type="number"
          min={min}
          max={max}
          step="any"
          value={value}
          onChange={(e) => {
            const v = Number((e.target as HTMLInputElement).value);
            if (clampOk(v)) onChange(v);
            else (e.target as HTMLInputElement).value = String(value);
          }}
        />
      </span>
    </Row>
  );
}

export function ChoiceControl({
  name,
  label,
  value,
  choices,
  onChange,
  names,
}: Common & { value: string; choices: readonly string[]; names?: (c: string) => string; onChange(v: string): void }) {
  return (
    <Row name={name} label={label}>
      <select id={`c-${name}`} value={value} onChange={(e) => onChange((e.target as HTMLSelectElement).value)}>
        {choices.map((c) => (
          <option value={c} key={c}>
            {names ? names(c) : c}
          </option>
        ))}
      </select>
    </Row>
  );
}

export function ToggleControl({
  name,
  label,
  value,
  onChange,
}: Common & { value: boolean; onChange(v: boolean): void }) {
  return (
    <Row name={name} label={label}>
      <input
        id={`c-${name}`}
        type="checkbox"
        checked={value}
        onChange={(e) => onChange((e.target as HTMLInputElement).checked)}
      />
    </Row>
  );
}

export function TextControl({
  name,
  label,
  value,
  onCommit,
  error,
}: Common & { value: string; error?: string; onCommit(v: string): void }) {
  return (
    <Row name={name} label={label}>
      <span class="text-control">
        <input
          id={`c-${name}`}
          type="text"
          value={value}
          spellcheck={false}
          aria-invalid={error !== undefined}
          aria-describedby={error ? `e-${name}` : undefined}
          onChange={(e) => onCommit((e.target as HTMLInputElement).value)}
        />
        {error && (
          <span class="inline-error" id={`e-${name}`} role="alert">
            {error}
          </span>
        )}
      </span>
    </Row>
  );
}

/** A button that ?hide= can remove like any control. */
export function ActionButton({ name, label, onClick, pressed }: Common & { onClick(): void; pressed?: boolean }) {
  if (useHidden(name)) return null;
  return (
    <button type="button" id={`c-${name}`} aria-pressed={pressed} onClick={onClick}>
      {label}
    </button>
  );
}
