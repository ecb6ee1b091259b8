"""Where extraction runs: worker processes on this machine, or a Dask cluster.

Both map `extract.one_file.process_file` over the files to extract and yield
`Outcome`s in file order; neither schedules or retries by hand (pebble's pool
replaces a worker that overran its budget, Dask does the rest on a cluster).
"""
