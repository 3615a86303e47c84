// biome-ignore-all lint/suspicious/noTemplateCurlyInString: the pipeline names its connection variable
import type { Connection } from 'mysql2/promise';

// Not UTC, so that a value read in the server's zone instead of the source's would show.
export const TIMEZONE = '+02:00';

/**
 * A shop's operational database for the mysql source flow, and a pipeline over it: order lines by a
 * composite key, read whole; payments read by their cursor, with a second of lag, and their keys scanned
 * for deletes.
 */
export const shopPipeline = {
  name: 'shop-src',
  description: 'An operational shop database, table by table.',
  schedule: 'rate(1 day)',
  source: {
    type: 'mysql',
    connection: '${SHOP_SRC_DATABASE_URL}',
    timezone: TIMEZONE,
    pageSize: 4,
    resources: {
      order_lines: { table: 'order_lines', primaryKey: ['order_id', 'line_no'], capture: 'full' },
      payments: {
        table: 'payment',
        primaryKey: ['payment_id'],
        columns: ['payment_id', 'amount', 'note', 'last_update'],
        capture: 'cursor',
        cursor: 'last_update',
        lagSeconds: 1,
        // A deleted payment leaves no row for a cursor to find: its keys are compared run to run.
        deletes: 'key_scan',
      },
    },
  },
  transform: {
    order_lines: {
      table: 'shop_order_lines',
      columns: {
        order_id: { from: 'order_id', type: 'int' },
        line_no: { from: 'line_no', type: 'int' },
        sku: { from: 'sku', type: 'string' },
        unit_price: { from: 'unit_price', type: 'decimal' },
        shipped_at: { from: 'shipped_at', type: 'string', nullable: true },
        placed_at: { from: 'placed_at', type: 'string' },
      },
    },
    payments: {
      table: 'shop_payments',
      columns: {
        payment_id: { from: 'payment_id', type: 'int' },
        amount: { from: 'amount', type: 'decimal' },
        note: { from: 'note', type: 'string' },
        last_update: { from: 'last_update', type: 'string' },
      },
    },
  },
  destination: {
    shop_order_lines: {
      columns: {
        order_id: 'int',
        line_no: 'int',
        sku: 'varchar(32)',
        unit_price: 'decimal(12,4)',
        // DATETIME(6) as the source's text: microseconds and the source's zone, exactly.
        shipped_at: { type: 'varchar(26)', nullable: true },
        placed_at: 'varchar(26)',
      },
      primaryKey: ['order_id', 'line_no'],
    },
    shop_payments: {
      columns: {
        payment_id: 'int',
        amount: 'decimal(10,2)',
        note: 'varchar(64)',
        last_update: 'varchar(26)',
      },
      primaryKey: ['payment_id'],
    },
  },
};

export const SHOP_SCHEMA = `
CREATE TABLE order_lines (
  order_id INT NOT NULL,
  line_no SMALLINT NOT NULL,
  sku VARCHAR(32) NOT NULL,
  unit_price DECIMAL(12,4) NOT NULL,
  shipped_at DATETIME(6) NULL,
  placed_at TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  PRIMARY KEY (order_id, line_no)
);
CREATE TABLE payment (
  payment_id INT NOT NULL PRIMARY KEY,
  amount DECIMAL(10,2) NOT NULL,
  note VARCHAR(64) NOT NULL,
  internal_ref VARCHAR(64) NULL,
  last_update DATETIME(6) NOT NULL
);`;

/** 11 lines over 4 orders (three pages of 4), prices with four decimals, microseconds in every stamp. */
export const seedShop = async (db: Connection) => {
  const lines = [];
  for (let order = 1; order <= 4; order += 1) {
    for (let line = 1; line <= (order === 4 ? 2 : 3); line += 1) {
      const shipped = order === 2 ? null : `2024-03-31 0${line}:59:59.00000${order}`;
      lines.push([
        order,
        line,
        `SKU-${order}-${line}`,
        `${order}${line}.0${order}05`,
        shipped,
        `2024-10-27 02:30:00.12345${line}`,
      ]);
    }
  }
  await db.query('INSERT INTO order_lines VALUES ?', [lines]);
  const payments = Array.from({ length: 6 }, (_, index) => [
    index + 1,
    `${(index + 1) * 10}.99`,
    `payment ${index + 1}`,
    `ref-${index + 1}`,
    `2024-05-0${index + 1} 12:00:00.00000${index + 1}`,
  ]);
  await db.query('INSERT INTO payment VALUES ?', [payments]);
};
