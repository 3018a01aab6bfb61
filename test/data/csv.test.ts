/** CSV datasets: line numbers as an editor shows them, statistics from the training rows only, one-hot columns. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import fc from 'fast-check';
import { fitPreprocessor, parseCsvDataset, parseCsvTable, transform, transformCsv } from '../../src/data/csv.js';
import { InputError } from '../../src/errors.js';
import { Random } from '../../src/tensor/random.js';

function inputError(message: RegExp): (e: unknown) => boolean {
  return (e: unknown) => e instanceof InputError && message.test(e.message) && !e.message.includes('\n');
}

const HOUSES = [
  'area,bedrooms,age,neighbourhood,price_high',
  '50,1,10,north,no',
  '100,3,20,south,yes',
  '150,4,30,north,yes',
  '80,2,40,east,no',
].join('\n');

test('rows keep the line they start on, across blank lines, CRLF and quoted line breaks', () => {
  const text = '\uFEFFa,b,c\r\n1,2,3\r\n\r\n"x\ny",5,"6,7"\n   \n8,9,10\n';
  const table = parseCsvTable(text);
  assert.deepEqual(table.columns, ['a', 'b', 'c']);
  assert.deepEqual(table.rows, [
    ['1', '2', '3'],
    ['x\ny', '5', '6,7'],
    ['8', '9', '10'],
  ]);
  assert.deepEqual(table.lines, [2, 4, 7]);
});

test('a ragged row names its line: blank lines and a quoted line break before it are counted', () => {
  const text = ['a,b,c,d,e', '1,2,3,4,5', '', '"multi', 'line",2,3,4,5', '1,2,3,4,5', '1,2,3,4'].join('\n');
  assert.throws(() => parseCsvTable(text), inputError(/^line 7 has 4 fields; the header has 5$/));
  assert.throws(
    () => parseCsvTable('a,b\n1,2,3', { source: 'data.csv' }),
    inputError(/^data\.csv: line 2 has 3 fields; the header has 2$/),
  );
});

test('a non-number in a numeric column names line and column', () => {
  const rows = Array.from({ length: 12 }, (_, i) => `${100 + i},${i % 2 === 0 ? 'yes' : 'no'}`);
  rows[10] = 'abc,no'; // line 12: the header is line 1
  const text = ['area,price_high', ...rows].join('\n');
  assert.throws(
    () => parseCsvDataset(text, { target: 'price_high' }),
    inputError(/^line 12, column 'area': 'abc' is not a number$/),
  );
  // Whatever the split, the same line is reported: kinds are decided on all rows.
  assert.throws(
    () => parseCsvDataset(text, { target: 'price_high', validationFraction: 0.5, random: new Random(3) }),
    inputError(/^line 12, column 'area'/),
  );
});

test('other malformed input: missing target, empty file, header only, unclosed quote, bad header', () => {
  const cases: [() => unknown, RegExp][] = [
    [
      () => parseCsvDataset(HOUSES, { target: 'price' }),
      /^no column 'price'; columns: area, bedrooms, age, neighbourhood, price_high$/,
    ],
    [() => parseCsvDataset('', { target: 'y' }), /^the CSV is empty: a header line naming the columns is required$/],
    [() => parseCsvDataset(' \n\n', { target: 'y' }), /the CSV is empty/],
    [() => parseCsvDataset('x,y\n', { target: 'y' }), /^the CSV has a header but no data rows$/],
    [() => parseCsvTable('x,y\n1,2\n3,"4\n5,6\n'), /^line 3: a quoted field is not closed$/],
    [() => parseCsvTable('x,,y\n1,2,3'), /^line 1: column 2 has no name$/],
    [() => parseCsvTable('x,y,x\n1,2,3'), /^line 1: column 'x' appears twice$/],
    [() => parseCsvDataset('x,y\n1,a\n2,\n', { target: 'y' }), /^line 3: the target 'y' is empty$/],
    [
      () => parseCsvDataset('x,y\n1,a\n2,b\n', { target: 'y', task: 'regression' }),
      /^line 2, column 'y': 'a' is not a number \(the target of a regression\)$/,
    ],
    [
      () => parseCsvDataset(HOUSES, { target: 'price_high', validationFraction: 0.5 }),
      /validationFraction needs a random/,
    ],
    [
      () => parseCsvDataset(HOUSES, { target: 'price_high', validationFraction: 1, random: new Random(0) }),
      /validationFraction must be in \(0, 1\) \(got 1\)/,
    ],
    [() => parseCsvDataset(HOUSES, { target: 'price_high', ignore: ['size'] }), /^no column 'size'; columns:/],
    [() => parseCsvDataset(HOUSES, { target: 'price_high', seed: 1 } as never), /csv: unknown option 'seed'/],
    [() => parseCsvDataset('y\n1\n2', { target: 'y' }), /no input columns are left besides the target 'y'/],
  ];
  for (const [run, message] of cases) assert.throws(run, inputError(message), String(message));
});

test("numeric columns are standardised with the training rows' mean and population std", () => {
  const table = parseCsvTable(HOUSES);
  const pre = fitPreprocessor(table, [0, 1, 2], { target: 'price_high' });
  // Training areas 50, 100, 150: mean 100, std √(5000/3).
  const area = pre.columns[0];
  assert.deepEqual(area, { name: 'area', kind: 'numeric', mean: 100, std: Math.sqrt(5000 / 3) });
  const validation = transform(pre, table, [3]);
  assert.equal(
    validation.x[0],
    Math.fround((80 - 100) / Math.sqrt(5000 / 3)),
    'validation uses the training statistics',
  );
  const all = fitPreprocessor(table, undefined, { target: 'price_high' });
  assert.equal((all.columns[0] as { mean: number }).mean, 95, 'fitting on all rows would differ');
});

test('standardised training columns have mean 0 and std 1 (any numbers)', () => {
  fc.assert(
    fc.property(fc.array(fc.integer({ min: -1e6, max: 1e6 }), { minLength: 2, maxLength: 40 }), (cents) => {
      fc.pre(new Set(cents).size > 1);
      const values = cents.map((c) => c / 100);
      const text = ['v,label', ...values.map((v, i) => `${v},${i % 2 === 0 ? 'a' : 'b'}`)].join('\n');
      const { train } = parseCsvDataset(text, { target: 'label' });
      const xs = Array.from(train.x);
      const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
      const std = Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / xs.length);
      assert.ok(Math.abs(mean) < 1e-5, `mean ${mean}`);
      assert.ok(Math.abs(std - 1) < 1e-4, `std ${std}`);
    }),
    { numRuns: 100 },
  );
});

test('categorical columns are one-hot over the sorted training categories; unseen ones are all zeros', () => {
  const table = parseCsvTable(HOUSES);
  const pre = fitPreprocessor(table, [0, 1, 2], { target: 'price_high', ignore: ['bedrooms', 'age'] });
  assert.deepEqual(pre.columns[1], { name: 'neighbourhood', kind: 'categorical', categories: ['north', 'south'] });
  assert.deepEqual(pre.featureNames, ['area', 'neighbourhood=north', 'neighbourhood=south']);
  const ds = transform(pre, table);
  const oneHot = (i: number) => [ds.x[3 * i + 1], ds.x[3 * i + 2]];
  assert.deepEqual(
    [0, 1, 2, 3].map(oneHot),
    [
      [1, 0],
      [0, 1],
      [1, 0],
      [0, 0],
    ],
    "'east' was not in the training rows",
  );
});

test('empty cells: a numeric one becomes the training mean (0), a categorical one all zeros', () => {
  // a: 1, (empty), 3 → mean 2, std 1 → −1, 0, 1. c: p, q, (empty) → [1, 0], [0, 1], [0, 0].
  const { train } = parseCsvDataset('a,c,y\n1,p,0\n,q,1\n3,,0\n', { target: 'y' });
  assert.deepEqual(train.featureNames, ['a', 'c=p', 'c=q']);
  assert.deepEqual(Array.from(train.x), [-1, 1, 0, 0, 0, 1, 1, 0, 0]);
});

test('the target: yes/no and few integers are classification (sorted class names), many values regression', () => {
  const houses = parseCsvDataset(HOUSES, { target: 'price_high' }).train;
  assert.equal(houses.task, 'classification');
  assert.deepEqual(houses.classNames, ['no', 'yes']);
  assert.deepEqual(Array.from(houses.y), [0, 1, 1, 0]);
  const ints = parseCsvDataset('x,y\n1,10\n2,2\n3,2.0\n4,-1\n', { target: 'y' }).train;
  assert.deepEqual(ints.classNames, ['-1', '2', '10'], 'sorted as numbers');
  assert.deepEqual(Array.from(ints.y), [2, 1, 1, 0], "'2.0' is class '2'");
  const many = Array.from({ length: 21 }, (_, i) => `${i},${i}`).join('\n');
  const regression = parseCsvDataset(`x,y\n${many}`, { target: 'y' }).train;
  assert.equal(regression.task, 'regression');
  assert.equal(regression.targets, 1);
  assert.ok(regression.y instanceof Float32Array);
  assert.deepEqual(Array.from(regression.y).slice(0, 3), [0, 1, 2]);
  const twenty = Array.from({ length: 20 }, (_, i) => `${i},${i}`).join('\n');
  assert.equal(parseCsvDataset(`x,y\n${twenty}`, { target: 'y' }).train.classes, 20);
  assert.equal(parseCsvDataset('x,y\n1,0.5\n2,1.5\n', { target: 'y' }).train.task, 'regression');
  assert.equal(parseCsvDataset('x,y\n1,0\n2,1\n', { target: 'y', task: 'regression' }).train.task, 'regression');
  assert.equal(parseCsvDataset('x,y\n1,0.5\n2,1.5\n', { target: 'y', task: 'classification' }).train.classes, 2);
});

test('a validation split fits on the training rows and partitions the file', () => {
  const text = readFileSync(new URL('../../examples/houses.csv', import.meta.url), 'utf8');
  const { train, validation, preprocessor } = parseCsvDataset(text, {
    target: 'price_high',
    validationFraction: 0.25,
    random: new Random(5),
  });
  assert.equal(validation?.n, 50);
  assert.equal(train.n, 150);
  const table = parseCsvTable(text);
  const split = new Random(5).permutation(200);
  assert.deepEqual(preprocessor, fitPreprocessor(table, split.slice(50), { target: 'price_high' }));
  assert.deepEqual(Array.from(validation?.x ?? []), Array.from(transform(preprocessor, table, split.slice(0, 50)).x));
  assert.deepEqual(JSON.parse(JSON.stringify(preprocessor)), preprocessor, 'the preprocessor is JSON-safe');
});

test('transformCsv applies a fitted preprocessor to a test file; an unseen class names its line', () => {
  const { preprocessor } = parseCsvDataset(HOUSES, { target: 'price_high' });
  const testText = 'price_high,neighbourhood,area,bedrooms,age,extra\nyes,west,95,3,25,1\nno,south,100,2,5,2\n';
  const ds = transformCsv(testText, preprocessor);
  assert.equal(ds.n, 2);
  assert.deepEqual(ds.featureNames, preprocessor.featureNames);
  assert.deepEqual(Array.from(ds.y), [1, 0]);
  assert.deepEqual(Array.from(ds.x.subarray(3, 6)), [0, 0, 0], "'west' is all zeros");
  assert.throws(
    () => transformCsv(testText.replace('no,south', 'maybe,south'), preprocessor, { source: 't.csv' }),
    inputError(/^t\.csv: line 3, column 'price_high': class 'maybe' is not one of no, yes$/),
  );
  assert.throws(
    () => transformCsv('area,bedrooms,age,price_high\n1,2,3,no', preprocessor),
    inputError(/^no column 'neighbourhood'; columns: area, bedrooms, age, price_high$/),
  );
});

test('examples/houses.csv: 200 houses, balanced, with the documented columns', () => {
  const text = readFileSync(new URL('../../examples/houses.csv', import.meta.url), 'utf8');
  const { train } = parseCsvDataset(text, { target: 'price_high' });
  assert.equal(train.n, 200);
  assert.deepEqual(train.featureNames, [
    'area',
    'bedrooms',
    'age',
    'neighbourhood=centre',
    'neighbourhood=outskirts',
    'neighbourhood=riverside',
    'neighbourhood=suburbs',
  ]);
  assert.equal(Array.from(train.y).filter((c) => c === 1).length, 100);
});
