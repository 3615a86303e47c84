import { describe, expect, it } from 'vitest';
import { formatResetRefusal, formatResetResult } from './format-table-reset.ts';

const plan = {
  pipeline: 'sakila',
  tables: ['dim_customer', 'fact_rental'],
  drops: ['dim_customer', 'dim_customer__changes', 'fact_rental'],
  resources: ['customer', 'rental'],
};

describe('Function: formatResetRefusal()', () => {
  it('says why nothing was done, everything a reset would drop and forget, and how to go on', () => {
    expect(formatResetRefusal(plan, '127.0.0.1:3306/sluice').split('\n')).toEqual([
      'Not resetting without --yes (stdin is not a terminal to ask on):',
      'tables reset sakila drops, in the warehouse 127.0.0.1:3306/sluice: dim_customer, dim_customer__changes, fact_rental',
      'forgets the cursors and page hashes of customer, rental, so the next run reads everything,',
      'and creates the tables again, empty, from the pipeline file as it is now.',
      'Rerun with --yes to reset.',
    ]);
  });
});

describe('Function: formatResetResult()', () => {
  it('says what was dropped, forgotten and created again', () => {
    // Act
    const text = formatResetResult(
      plan,
      {
        dropped: ['dim_customer', 'dim_customer__changes'],
        created: ['dim_customer', 'fact_rental'],
        cursors: 2,
        pageStates: 1,
        stateObjects: ['state/sakila/customer/cursor.json'],
      },
      { warehouse: '127.0.0.1:3306/sluice', bucket: 'sluice-staging' },
    );

    // Assess
    expect(text.split('\n')).toEqual([
      'Dropped dim_customer, dim_customer__changes from 127.0.0.1:3306/sluice',
      'Forgot 2 cursors and 1 page hash (sluice_cursors, sluice_page_state) and 1 state object under s3://sluice-staging/state/sakila/',
      'Created again, empty: dim_customer, fact_rental; the next run of sakila reads everything',
    ]);
  });
});
