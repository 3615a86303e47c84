import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { draftMapping } from './draft-mapping.ts';
import { inferColumns } from './infer-columns.ts';
import { mappingYaml } from './mapping-yaml.ts';

const BOOKS = [
  { id: 1, title: 'Dune', price: '9.99', author: { name: 'Herbert' } },
  { id: 2, title: 'Emma', price: '12.50', author: { name: 'Austen' }, isbn: null },
];

describe('Function: mappingYaml()', () => {
  it('writes one line a column, a comment where the page left a guess, and reads back as the draft', () => {
    // Prepare
    const draft = draftMapping('books', 'books', inferColumns(BOOKS));

    // Act
    const text = mappingYaml([draft]);

    // Assess
    expect(text).toContain('      id: { from: id, type: int }\n');
    expect(text).toContain('      author_name: { from: author.name, type: string }\n');
    expect(text).toMatch(
      /isbn: \{ from: isbn, type: string, nullable: true \} # no value on this page.*; missing/,
    );
    expect(text).toContain('      price: decimal(10,2)\n');
    expect(text).toContain('      isbn: { type: varchar(255), nullable: true }\n');
    expect(text).toContain('    primaryKey: [ id ]\n');
    expect(parse(text)).toEqual({
      transform: { books: draft.transform },
      destination: { books: draft.destination },
    });
  });
});

describe('Function: draftMapping()', () => {
  it('appends when no field tells the records apart, and says so in the table', () => {
    // Prepare
    const draft = draftMapping('events', 'events', inferColumns([{ kind: 'a' }, { kind: 'a' }]));

    // Act
    const text = mappingYaml([draft], { name: 'events' }, 'Drafted from page 1');

    // Assess
    expect(draft.destination).toEqual({ columns: { kind: 'varchar(16)' }, writeMode: 'append' });
    expect(text).toMatch(/^# Drafted from page 1\n\nname: events\n/);
    expect(text).toContain(
      '  events:\n    # no field tells the records of this page apart: appended; give a primaryKey to upsert\n',
    );
  });

  it('refuses a page with nothing to map', () => {
    // Act
    const act = () => draftMapping('events', 'events', inferColumns([]));

    // Assess
    expect(act).toThrow('the page of events has no record fields to map');
  });
});
