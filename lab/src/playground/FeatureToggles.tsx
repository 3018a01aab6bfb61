/**
 * TensorFlow Playground's input features as checkboxes, kept as the `features` list of `downhill train`
 * (src/data/features.ts) in the registry's order; the last one checked cannot be unchecked.
 */
import { inputFeatures, parseFeatureList } from '../../../src/data/features';
import { useContext } from 'preact/hooks';
import { HiddenContext } from '../components/hidden';
import { t } from '../i18n';

export function FeatureToggles({ value, onChange }: { value: string; onChange(list: string): void }) {
  if (useContext(HiddenContext).has('features')) return null;
  const on = new Set(parseFeatureList(value));
  const toggle = (name: string, checked: boolean) => {
    if (checked) on.add(name);
    else if (on.size > 1) on.delete(name);
    onChange(inputFeatures.names.filter((n) => on.has(n)).join(','));
  };
  return (
    <fieldset class="features" data-control="features">
      <legend>{t('features')}</legend>
      {inputFeatures.entries().map(([name, entry]) => (
        <label key={name} class="feature">
          <input
            type="checkbox"
            id={`c-feature-${name}`}
            checked={on.has(name)}
            onChange={(e) => toggle(name, (e.target as HTMLInputElement).checked)}
          />
          {entry.label}
        </label>
      ))}
    </fieldset>
  );
}
