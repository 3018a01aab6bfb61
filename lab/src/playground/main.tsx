import { mountPage } from '../components/shell';
mountPage('playground', [], <p>…</p>);
