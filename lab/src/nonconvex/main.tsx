import { mountPage } from '../components/shell';
mountPage('nonconvex', [], <p>…</p>);
