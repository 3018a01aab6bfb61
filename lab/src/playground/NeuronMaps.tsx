/** One small map per hidden neuron, column by layer, as TensorFlow Playground shows them. */
import { useEffect, useRef } from 'preact/hooks';
import { t } from '../i18n';
import { paintGrid } from './drawing';

export function NeuronMaps({
  neurons,
  layerSizes,
  size,
}: {
  neurons: Float32Array;
  layerSizes: number[];
  size: number;
}) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const canvases = box.current?.querySelectorAll('canvas') ?? [];
    canvases.forEach((canvas, k) => {
      const ctx = canvas.getContext('2d');
      if (ctx) paintGrid(ctx, neurons.subarray(k * size * size, (k + 1) * size * size), size, 0.5, 0.5);
    });
  }, [neurons]);
  let index = 0;
  return (
    <div class="neurons" ref={box} role="group" aria-label={t('neurons')}>
      {layerSizes.map((width, layer) => (
        <div class="layer" key={layer}>
          {Array.from({ length: width }, () => {
            const k = index++;
            return <canvas key={k} width={size} height={size} aria-label={`layer ${layer + 1} neuron ${k + 1}`} />;
          })}
        </div>
      ))}
    </div>
  );
}
