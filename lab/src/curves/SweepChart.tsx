/**
 * A sweep's trials as curves of its metric against the epoch, one series each: completed trials in the
 * path colours, pruned ones grey and dashed (their curve ends at the rung that stopped them), the best one
 * thick and red; below, the trials as `downhill tune` ranks them.
 */
import { useMemo } from 'preact/hooks';
import type uPlot from 'uplot';
import { PATH_COLORS } from '../../../src/plot/colors';
import { formatSignificant } from '../../../src/plot/format';
import { formatAssignment } from '../../../src/tune/driver';
import { LineChart, type Series } from '../components/LineChart';
import { t } from '../i18n';
import { smooth } from './smooth';
import type { SweepCurves, SweepTrial } from './sweep';

const PRUNED = '#9a9a9a';
const BEST = '#d62728';

function seriesOf(trial: SweepTrial, best: number | null, k: number): Series {
  if (trial.trial === best) return { label: `trial ${trial.trial} (${t('best')})`, color: BEST, width: 3.5 };
  if (trial.status === 'pruned')
    return { label: `trial ${trial.trial} (${t('pruned')})`, color: PRUNED, dash: [4, 3], width: 1, points: true };
  // The best takes red; the others cycle through the rest of the path colours.
  return { label: `trial ${trial.trial} (${trial.status})`, color: PATH_COLORS[1 + (k % (PATH_COLORS.length - 1))] };
}

export function SweepChart({
  sweep,
  name,
  log,
  smoothing,
}: {
  sweep: SweepCurves;
  name: string;
  log: boolean;
  smoothing: number;
}) {
  const { metric, trials, best } = sweep;
  // Drawn worst first, so that the best trial's line lies on top.
  const drawn = useMemo(() => [...trials].reverse(), [trials]);
  const series = useMemo(() => drawn.map((trial, k) => seriesOf(trial, best, k)), [drawn, best]);
  const data = useMemo(() => {
    const epochs = Math.max(0, ...trials.flatMap((trial) => trial.metrics.map((m) => m.epoch)));
    const xs = Array.from({ length: epochs }, (_, i) => i + 1);
    const columns = drawn.map((trial) => {
      const byEpoch = new Map(trial.metrics.map((m) => [m.epoch, m[metric] ?? null]));
      return smooth(
        xs.map((x) => byEpoch.get(x) ?? null),
        smoothing,
      );
    });
    return [xs, ...columns] as uPlot.AlignedData;
  }, [drawn, metric, smoothing]);
  const bestTrial = trials.find((trial) => trial.trial === best);
  const count = (status: string) => trials.filter((trial) => trial.status === status).length;
  return (
    <>
      <p class="status" id="sweep-summary">
        {name}: {t('sweepSummary', { trials: trials.length, completed: count('completed'), pruned: count('pruned') })}
        {bestTrial?.value != null && (
          <> · {t('bestTrial', { trial: bestTrial.trial, metric, value: formatSignificant(bestTrial.value, 4) })}</>
        )}
      </p>
      {sweep.notice && (
        <p class="error" role="alert" id="sweep-notice">
          {sweep.notice}
        </p>
      )}
      <div id="sweep-chart" data-series={series.length}>
        <LineChart
          title={metric}
          xLabel="epoch"
          series={series}
          data={data}
          logY={log && metric === 'validationLoss'}
          width={640}
          height={320}
        />
      </div>
      <table class="trials" id="sweep-trials">
        <thead>
          <tr>
            <th>trial</th>
            <th>status</th>
            <th>epochs</th>
            <th>{metric}</th>
            <th>settings</th>
          </tr>
        </thead>
        <tbody>
          {trials.map((trial) => (
            <tr key={trial.trial} class={trial.trial === best ? 'best' : trial.status}>
              <td>{trial.trial}</td>
              <td>{trial.status}</td>
              <td>{trial.epochs}</td>
              <td>{trial.value === null ? '–' : formatSignificant(trial.value, 4)}</td>
              <td>{formatAssignment(trial.config)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
