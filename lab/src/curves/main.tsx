import { mountPage } from '../components/shell';
mountPage('curves', [], <p>…</p>);
