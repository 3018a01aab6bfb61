/**
 * Where a training run's data comes from, by the name `downhill train --dataset` takes: Fashion-MNIST, the
 * user's CSV file (`csv:FILE`), or a toy set. Reading the files is Node-only (src/cli/data.ts); this is the
 * list of names, shared by the train settings, `downhill list datasets` and the lab.
 */
import { registry, type RegistryEntry } from '../config/registry.js';
import { toyDatasets } from './toy.js';

export interface DataSourceEntry extends RegistryEntry {
  /** Read from files (Node only), or generated from a seed (anywhere, the browser included). */
  readonly origin: 'file' | 'toy';
}

const toys = Object.fromEntries(
  toyDatasets.entries().map(([name, entry]) => [name, { origin: 'toy' as const, summary: entry.summary }]),
);

export const dataSources = registry<DataSourceEntry>(
  'dataset',
  {
    fashionMnist: {
      origin: 'file',
      aliases: ['fashion-mnist'],
      summary: 'Fashion-MNIST (Debian: dataset-fashion-mnist), 28×28 images in 10 classes',
    },
    csv: {
      origin: 'file',
      summary: 'your CSV file, written csv:FILE (a header, and --target naming the column to predict)',
    },
    ...toys,
  },
  `fashion-mnist, csv:FILE, ${toyDatasets.names.join(', ')}`,
);

/** The source a --dataset value names: `csv:path/to/file.csv` → csv, `Fashion_MNIST` → fashionMnist. */
export function dataSourceOf(dataset: string): string {
  return /^csv:/i.test(dataset) ? 'csv' : dataSources.canonical(dataset);
}
