/** The non-convex page: the Gabor model's loss, a bracketing line search, Newton's method. */
import { mountPage } from '../components/shell';
import { pageStore } from '../state/store';
import { NonconvexPage } from './NonconvexPage';
import { nonconvexSettings } from './state';

const store = pageStore(nonconvexSettings);
mountPage('nonconvex', store.problems, <NonconvexPage store={store} />);
