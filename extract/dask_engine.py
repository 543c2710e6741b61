"""Running the pipeline on a Dask cluster: ``extract run --engine dask [--scheduler ADDRESS]``.

The input files (local paths or any fsspec URL the workers can read) become a dask.bag with one
file per partition; each worker process runs the same ``process_document`` as a local run, with
jieba and the lexicons loaded once per worker. The driver collects the partitions in input
order, a bounded number at a time, so the merged output is the same records in the same order as
``--jobs 1``, written atomically like any other run.

Dask is an optional extra: ``pip install '.[dask]'``.
"""
from __future__ import annotations

from typing import Iterator


def _process_file(path: str, config) -> list[tuple]:
    """Runs on a worker: every document of one file as (key, records) groups, in order; the
    worker builds its resources from the run configuration once (resources_for)."""
    from .pipeline import error_record, process_document
    from .reader import InputError, read_path, size_error
    from .resources import resources_for
    from .writer import to_lines

    resources = resources_for(config)
    groups = []
    for item in read_path(path):
        if not isinstance(item, InputError):
            item = size_error(item, config.max_chars) or item
        if isinstance(item, InputError):
            groups.append((None, to_lines([error_record(item)])))
        else:
            groups.append(((item.doc_id, item.source, item.line),
                           to_lines(process_document(item, config, resources))))
    return groups


def process_on_cluster(paths: list[str], scheduler: str | None, config, window: int = 8) -> Iterator[list]:
    """Record groups of every input document, in input order, computed on a Dask cluster
    (``config``: the run's RunConfig, sent to the workers)."""
    try:
        import dask.bag as db
        from distributed import Client, LocalCluster
    except ImportError:
        raise ValueError("--engine dask needs Dask: pip install '.[dask]'") from None
    from .pipeline import error_record
    from .reader import InputDocument, InputError, duplicate_error, list_inputs
    from .writer import to_lines

    listed = list(list_inputs(paths))
    files = [p for p in listed if not isinstance(p, InputError)]
    if "-" in files:
        raise ValueError("--engine dask reads files or URLs, not standard input")

    cluster = None
    if scheduler:
        client = Client(scheduler)
    else:
        cluster = LocalCluster(processes=True, threads_per_worker=1, dashboard_address=None)
        client = Client(cluster)
    try:
        parts = []
        if files:
            bag = db.from_sequence(files, npartitions=len(files)).map(
                _process_file, config)
            parts = bag.to_delayed()
        futures = client.compute(parts[:window]) if parts else []
        next_part = len(futures)
        seen: set[str] = set()
        file_index = 0
        for item in listed:
            if isinstance(item, InputError):
                yield to_lines([error_record(item)])
                continue
            future = futures[file_index]
            groups = [g for chunk in future.result() for g in chunk]
            futures[file_index] = None  # release the result
            file_index += 1
            if next_part < len(parts):
                futures.append(client.compute(parts[next_part]))
                next_part += 1
            for key, records in groups:
                if key is not None:
                    doc_id, source, line = key
                    if doc_id in seen:
                        err = duplicate_error(InputDocument(doc_id, "", source, line=line))
                        yield to_lines([error_record(err)])
                        continue
                    seen.add(doc_id)
                yield records
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
