/**
 * Writes examples/houses.csv: 200 made-up houses for the course's exercise of classifying a house as high
 * or low priced (`downhill train --csv examples/houses.csv --target price_high`).
 *
 * Each house has an area (m²), a number of bedrooms (which grows with the area), an age (years) and a
 * neighbourhood. A hidden log-price score
 *
 *   s = 0.02·(area − 110) + 0.25·(bedrooms − 3) − 0.015·(age − 40) + effect(neighbourhood) + N(0, 0.35²)
 *
 * with effects centre +0.8, riverside +0.4, suburbs 0, outskirts −0.6, decides price_high: 'yes' for the
 * upper half of the scores, 'no' for the lower half. The noise makes about one house in ten land on the
 * other side of the boundary, so a linear classifier gets roughly 85–90% right, not 100%.
 *
 * Run: npx tsx examples/make-houses.ts (seeded: the same file every time).
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Random } from '../src/tensor/random.js';

const COUNT = 200;
const SEED = 2024;
const NEIGHBOURHOODS = [
  { name: 'centre', share: 0.2, effect: 0.8 },
  { name: 'riverside', share: 0.2, effect: 0.4 },
  { name: 'suburbs', share: 0.4, effect: 0 },
  { name: 'outskirts', share: 0.2, effect: -0.6 },
];

interface House {
  area: number;
  bedrooms: number;
  age: number;
  neighbourhood: string;
  score: number;
}

function pickNeighbourhood(random: Random): (typeof NEIGHBOURHOODS)[number] {
  let u = random.uniform();
  for (const hood of NEIGHBOURHOODS) {
    if (u < hood.share) return hood;
    u -= hood.share;
  }
  return NEIGHBOURHOODS[NEIGHBOURHOODS.length - 1];
}

function makeHouse(random: Random): House {
  const hood = pickNeighbourhood(random);
  const area = Math.round(Math.min(260, Math.max(35, 110 + 40 * random.normal())));
  const bedrooms = Math.min(6, Math.max(1, Math.round(area / 35 + 0.7 * random.normal())));
  const age = random.integer(91);
  const score = 0.02 * (area - 110) + 0.25 * (bedrooms - 3) - 0.015 * (age - 40) + hood.effect + 0.35 * random.normal();
  return { area, bedrooms, age, neighbourhood: hood.name, score };
}

const random = new Random(SEED);
const houses = Array.from({ length: COUNT }, () => makeHouse(random));
const median = [...houses].sort((a, b) => a.score - b.score)[COUNT / 2 - 1].score;
const lines = ['area,bedrooms,age,neighbourhood,price_high'];
for (const h of houses)
  lines.push(`${h.area},${h.bedrooms},${h.age},${h.neighbourhood},${h.score > median ? 'yes' : 'no'}`);
const path = fileURLToPath(new URL('houses.csv', import.meta.url));
writeFileSync(path, lines.join('\n') + '\n');
console.log(`wrote ${COUNT} houses to ${path}`);
