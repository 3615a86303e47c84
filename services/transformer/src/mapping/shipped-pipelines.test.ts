import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { type PipelineDefinition, parsePipelineYaml } from '@sluice/contracts/pipeline-definition';
import { expectedEpisodeRecords } from '@sluice/fixtures';
import { describe, expect, it } from 'vitest';
import { compileResourceTransform } from './compile-resource-transform.ts';

const readPipeline = async (name: string): Promise<PipelineDefinition> => {
  const file = fileURLToPath(new URL(`../../../../pipelines/${name}.yaml`, import.meta.url));
  const result = await parsePipelineYaml(await readFile(file, 'utf8'), `pipelines/${name}.yaml`);
  if (!result.ok) throw new Error(`${name}.yaml is invalid: ${JSON.stringify(result.errors)}`);
  return result.pipeline;
};

/** An asset as CoinCap v3 sends it: numbers as strings, null where it does not know. */
const asset = (overrides: Record<string, unknown> = {}) => ({
  id: 'bitcoin',
  rank: '1',
  symbol: 'BTC',
  name: 'Bitcoin',
  supply: '19281750.00000000',
  maxSupply: '21000000.00000000',
  marketCapUsd: '1292024471340.12345678',
  volumeUsd24Hr: '23457892345.12000000',
  priceUsd: '67012.123456789012345678',
  changePercent24Hr: '-0.8101417214',
  vwap24Hr: '66876.123',
  explorer: 'https://blockchain.info/',
  tokens: {},
  ...overrides,
});

const exchange = (overrides: Record<string, unknown> = {}) => ({
  exchangeId: 'binance',
  name: 'Binance',
  rank: '1',
  percentTotalVolume: '19.1763775505',
  volumeUsd: '1283535043.60405494',
  tradingPairs: '461',
  socket: true,
  exchangeUrl: 'https://www.binance.com/',
  updated: 1536605835095,
  ...overrides,
});

describe('Function: compileResourceTransform() on pipelines/coincap.yaml', () => {
  it('maps assets, keeping every digit of the decimals and storing NULL for what CoinCap leaves null', async () => {
    // Prepare
    const pipeline = await readPipeline('coincap');
    const unknowns = {
      maxSupply: null,
      volumeUsd24Hr: null,
      changePercent24Hr: null,
      vwap24Hr: null,
      explorer: null,
    };

    // Act
    const page = compileResourceTransform(pipeline, 'assets').transformPage([
      asset(),
      asset({
        id: 'tether-gold',
        rank: '250',
        symbol: 'XAUt',
        name: 'Tether Gold',
        priceUsd: 2331.5,
        ...unknowns,
      }),
    ]);

    // Assess
    expect(page.rejected).toEqual([]);
    expect(page.tables.coincap_assets).toEqual([
      {
        id: 'bitcoin',
        rank: 1,
        symbol: 'BTC',
        name: 'Bitcoin',
        supply: '19281750.00000000',
        max_supply: '21000000.00000000',
        market_cap_usd: '1292024471340.12345678',
        volume_usd_24h: '23457892345.12000000',
        price_usd: '67012.123456789012345678',
        change_percent_24h: '-0.8101417214',
        vwap_24h: '66876.123',
        explorer: 'https://blockchain.info/',
      },
      expect.objectContaining({
        id: 'tether-gold',
        rank: 250,
        max_supply: null,
        volume_usd_24h: null,
        price_usd: '2331.5',
        change_percent_24h: null,
        vwap_24h: null,
        explorer: null,
      }),
    ]);
  });

  it("keeps every one of CoinCap's decimals and rejects more than a column keeps rather than rounding", async () => {
    // Prepare: CoinCap writes 16 decimals, which decimal(48,18) keeps; 19 (trailing zeros do not count) it does not.
    const pipeline = await readPipeline('coincap');

    // Act
    const page = compileResourceTransform(pipeline, 'assets').transformPage([
      asset({ marketCapUsd: '119150835874.4699281625807300' }),
      asset({ marketCapUsd: '1.12345678901234567890', priceUsd: null }),
    ]);

    // Assess
    expect(page.tables.coincap_assets?.[0]?.market_cap_usd).toBe('119150835874.4699281625807300');
    expect(page.rejected.map((record) => record.index)).toEqual([1]);
    expect(page.rejected[0]?.reason).toBe(
      'market_cap_usd (from marketCapUsd): 1.12345678901234567890 has 19 decimals; decimal(48,18) keeps 18; ' +
        'price_usd (from priceUsd): required, got null; nullable: true would store NULL',
    );
  });

  it('maps exchanges, with epoch milliseconds as a UTC datetime and a nullable boolean', async () => {
    // Prepare
    const pipeline = await readPipeline('coincap');
    const unknowns = { percentTotalVolume: null, volumeUsd: null, socket: null, exchangeUrl: null };

    // Act
    const page = compileResourceTransform(pipeline, 'exchanges').transformPage([
      exchange(),
      exchange({ exchangeId: 'tiny', rank: 90, tradingPairs: 3, updated: '1536605835000', ...unknowns }),
      exchange({ exchangeId: 'odd', updated: 'yesterday' }),
    ]);

    // Assess
    expect(page.tables.coincap_exchanges).toEqual([
      {
        id: 'binance',
        name: 'Binance',
        rank: 1,
        percent_total_volume: '19.1763775505',
        volume_usd: '1283535043.60405494',
        trading_pairs: 461,
        socket: true,
        exchange_url: 'https://www.binance.com/',
        updated_at: '2018-09-10 18:57:15.095',
      },
      {
        id: 'tiny',
        name: 'Binance',
        rank: 90,
        percent_total_volume: null,
        volume_usd: null,
        trading_pairs: 3,
        socket: null,
        exchange_url: null,
        updated_at: '2018-09-10 18:57:15.000',
      },
    ]);
    expect(page.rejected.map(({ index, reason }) => [index, reason])).toEqual([
      [2, 'updated_at (from updated): expected a date and time as epoch milliseconds, got "yesterday"'],
    ]);
  });
});

describe('Function: compileResourceTransform() on pipelines/episodes-html.yaml', () => {
  const episode = (overrides: Record<string, unknown> = {}) => ({
    code: 'S01E01',
    name: 'Pilot',
    air_date: 'December 2, 2013',
    page_url: 'http://127.0.0.1:8080/episodes/s01e01.html',
    synopsis: 'Rick takes Morty on an adventure.',
    runtime_minutes: 22,
    ...overrides,
  });

  it('maps scraped rows, a row without a link to NULLs, and rejects a code that is not an episode code', async () => {
    // Prepare
    const pipeline = await readPipeline('episodes-html');
    const unlinked = { code: 'S01E02', name: 'Lawnmower Dog', air_date: 'December 9, 2013' };

    // Act
    const page = compileResourceTransform(pipeline, 'episodes').transformPage([
      episode(),
      { ...unlinked, page_url: null, synopsis: null, runtime_minutes: null },
      unlinked,
      episode({ code: '1x03', air_date: '2013-12-16' }),
    ]);

    // Assess
    expect(page.tables.html_episodes).toEqual([
      {
        code: 'S01E01',
        name: 'Pilot',
        air_date: '2013-12-02',
        page_url: 'http://127.0.0.1:8080/episodes/s01e01.html',
        synopsis: 'Rick takes Morty on an adventure.',
        runtime_minutes: 22,
      },
      {
        code: 'S01E02',
        name: 'Lawnmower Dog',
        air_date: '2013-12-09',
        page_url: null,
        synopsis: null,
        runtime_minutes: null,
      },
      {
        code: 'S01E02',
        name: 'Lawnmower Dog',
        air_date: '2013-12-09',
        page_url: null,
        synopsis: null,
        runtime_minutes: null,
      },
    ]);
    expect(page.rejected.map(({ index, reason }) => [index, reason])).toEqual([
      [
        3,
        'code (from code): "1x03" does not match the pattern ^S\\d{2}E\\d{2}$; ' +
          'air_date (from air_date): expected a date like "MMMM d, yyyy", got "2013-12-16"',
      ],
    ]);
  });

  it('maps every record a correct scrape of the fixture site yields', async () => {
    // Prepare
    const pipeline = await readPipeline('episodes-html');
    const records = expectedEpisodeRecords({
      url: 'http://127.0.0.1:8080/episodes.html',
      seed: 7,
      episodes: 30,
    });

    // Act
    const page = compileResourceTransform(pipeline, 'episodes').transformPage(records);

    // Assess
    expect(page.rejected).toEqual([]);
    expect(page.tables.html_episodes?.map((row) => row.code)).toEqual(records.map((record) => record.code));
    expect(page.tables.html_episodes?.every((row) => /^\d{4}-\d{2}-\d{2}$/.test(String(row.air_date)))).toBe(
      true,
    );
  });
});
