"""cleanpress inside other pipelines.

- :mod:`cleanpress.integrations.hf`: :func:`~cleanpress.integrations.hf.clean_batch` for
  Hugging Face ``datasets.Dataset.map(batched=True)``;
- :mod:`cleanpress.integrations.datatrove`: ``CleanpressClean`` and ``CleanpressDedup``
  pipeline steps for datatrove (the ``datatrove`` extra).
"""
