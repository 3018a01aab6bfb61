/** The race page: several optimizers from one start on one surface, animated. */
import { mountPage } from '../components/shell';
import { pageStore } from '../state/store';
import { RacePage } from './RacePage';
import { RACE_TABLE } from './state';

const store = pageStore(RACE_TABLE);
mountPage('race', store.problems, <RacePage store={store} />);
