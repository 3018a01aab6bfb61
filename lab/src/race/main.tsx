/** The race page: several optimizers from one start on one surface, animated. */
import { mountPage } from '../components/shell';
import { pageStore } from '../state/store';
import { RacePage } from './RacePage';
import { raceSettings } from './state';

const store = pageStore(raceSettings);
mountPage('race', store.problems, <RacePage store={store} />);
