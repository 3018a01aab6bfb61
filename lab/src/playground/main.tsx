/** The playground page: TensorFlow Playground's job, trained by downhill's fit in a worker. */
import { mountPage } from '../components/shell';
import { pageStore } from '../state/store';
import { PlaygroundPage } from './PlaygroundPage';
import { PLAYGROUND_TABLE } from './state';

const store = pageStore(PLAYGROUND_TABLE);
mountPage('playground', store.problems, <PlaygroundPage store={store} />);
