"""The peer in `npm run bench`: dlt loading the same loopback Rick and Morty API into the same MariaDB.

dlt's own rest_api source follows `info.next` and reads `results`; every resource is merged on its `id`
(dlt's default merge strategy, delete-insert, the one its SQLAlchemy destination offers for MySQL). The
episodes' `characters` and the locations' `residents` lists are dropped before loading: Sluice takes the
same links from the characters' side only, so both load the same information. Prints one JSON line.
"""

import argparse
import json
import time

import dlt
from dlt.destinations import sqlalchemy
from dlt.sources.rest_api import rest_api_source

TABLES = ("locations", "episodes", "characters", "characters__episode")


def without(field):
    def drop(record):
        record.pop(field, None)
        return record

    return drop


def build_source(api_url):
    return rest_api_source(
        {
            "client": {
                "base_url": f"{api_url}/",
                "paginator": {"type": "json_link", "next_url_path": "info.next"},
            },
            "resource_defaults": {
                "primary_key": "id",
                "write_disposition": "merge",
                "endpoint": {"data_selector": "results"},
            },
            "resources": [
                {"name": "locations", "endpoint": {"path": "location"}, "processing_steps": [{"map": without("residents")}]},
                {"name": "episodes", "endpoint": {"path": "episode"}, "processing_steps": [{"map": without("characters")}]},
                {"name": "characters", "endpoint": {"path": "character"}},
            ],
        }
    )


def timed(step):
    started = time.perf_counter()
    step()
    return time.perf_counter() - started


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--api-url", required=True, help="e.g. http://127.0.0.1:34567/api")
    parser.add_argument("--database-url", required=True, help="e.g. mysql+pymysql://root@127.0.0.1:3306/")
    parser.add_argument("--dataset", required=True, help="the MySQL database dlt creates and loads")
    parser.add_argument("--pipelines-dir", required=True, help="dlt's local state, a fresh folder per run")
    args = parser.parse_args()

    pipeline = dlt.pipeline(
        pipeline_name="sluice_bench_rickandmorty",
        destination=sqlalchemy(credentials=args.database_url),
        dataset_name=args.dataset,
        pipelines_dir=args.pipelines_dir,
    )
    source = build_source(args.api_url)
    seconds = {
        "extract": timed(lambda: pipeline.extract(source)),
        "normalize": timed(lambda: pipeline.normalize()),
        "load": timed(lambda: pipeline.load()),
    }
    with pipeline.sql_client() as client:
        rows = {table: client.execute_sql(f"SELECT COUNT(*) FROM {client.make_qualified_table_name(table)}")[0][0] for table in TABLES}
    print(json.dumps({"dlt": dlt.__version__, "seconds": seconds, "rows": rows}))


if __name__ == "__main__":
    main()
