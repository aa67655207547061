"""Many machines: Celery workers over Redis, live streams across nodes, archive backfills.

With ``VOXPRESS_BROKER_URL`` set, web nodes queue narrations as Celery tasks
(``queue.CeleryJobQueue``) and never synthesize; ``voxpress worker`` processes
(``worker.WorkerRuntime``) make them and publish MP3 bytes and partial timings to
a Redis stream per job (``live.py``), which every web node replays for its
listeners. The store stays the truth of every job's state; the broker only
carries "look at job X" messages, so a lost or repeated message loses or
repeats nothing.
"""
