/** The playground page: TensorFlow Playground's job, trained by downhill's fit in a worker. */
import { mountPage } from '../components/shell';
import { pageStore } from '../state/store';
import { PlaygroundPage } from './PlaygroundPage';
import { playgroundSettings } from './state';

const store = pageStore(playgroundSettings);
mountPage('playground', store.problems, <PlaygroundPage store={store} />);
