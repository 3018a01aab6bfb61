/** The curves page: a training run's metrics.jsonl as curves. */
import { mountPage } from '../components/shell';
import { pageStore } from '../state/store';
import { CurvesPage } from './CurvesPage';
import { curvesSettings } from './state';

const store = pageStore(curvesSettings);
mountPage('curves', store.problems, <CurvesPage store={store} />);
