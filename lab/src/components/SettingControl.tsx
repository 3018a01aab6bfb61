/**
 * The control of one setting, derived from its row in the page's settings table (src/config/settings.ts):
 * a slider (log or linear) with a number box, an integer box, a checkbox, a select of the row's values or a
 * text box. Text that the row does not accept shows the row's own one-line error and keeps the old value.
 */
import { useState } from 'preact/hooks';
import type { SettingRows } from '../../../src/config/settings';
import type { PageStore } from '../state/store';
import { ChoiceControl, NumberControl, TextControl, ToggleControl } from './controls';

interface Props<R extends SettingRows> {
  store: PageStore<R>;
  name: keyof R & string;
  label: string;
  /** The slider's ends where the row has none (an open range such as L2 ≥ 0). */
  min?: number;
  max?: number;
  step?: number;
}

export function SettingControl<R extends SettingRows>({ store, name, label, min, max, step }: Props<R>) {
  const row = store.table.rows[name];
  const value = (store.state.value as Record<string, unknown>)[name];
  const set = (v: unknown) => store.set(name as never, v as never);
  const [error, setError] = useState('');
  switch (row.control) {
    case 'toggle':
      return <ToggleControl name={name} label={label} value={value as boolean} onChange={set} />;
    case 'choice':
      return (
        <ChoiceControl name={name} label={label} value={value as string} choices={row.values ?? []} onChange={set} />
      );
    case 'integer':
    case 'slider':
    case 'log-slider':
      return (
        <NumberControl
          name={name}
          label={label}
          value={value as number}
          min={min ?? row.min ?? 0}
          max={max ?? row.max ?? 1}
          log={row.control === 'log-slider'}
          integer={row.control === 'integer'}
          {...(step === undefined ? {} : { step })}
          onChange={set}
        />
      );
    default:
      return (
        <TextControl
          name={name}
          label={label}
          value={row.format(value)}
          error={error || undefined}
          onCommit={(text) => {
            try {
              set(row.parseText(text, `${store.table.owner}: ${name}`));
              setError('');
            } catch (e) {
              setError(e instanceof Error ? e.message : String(e));
            }
          }}
        />
      );
  }
}
