"""The publication boundary (公開の境界) and the site publish built on it.

* :mod:`~toolkit.publish.boundary`: :func:`publish_checked`, the one checked
  step (view → stage → leak check → manifest → atomic swap) every writer of
  an audience-limited artifact goes through;
* :mod:`~toolkit.publish.fs`: atomic write, lock, staging, swap, recovery;
* :mod:`~toolkit.publish.manifest`: ``MANIFEST.sha256``, and the audit of a folder against it
  (``policy verify``);
* :mod:`~toolkit.publish.cache`: the leak check's clean-file memory and the
  "nothing changed" verification of a previous publish;
* :mod:`~toolkit.publish.site`: :func:`publish`, the public / staff site;
* :mod:`~toolkit.publish.training`: everything ``policy train`` writes, one checked folder per audience.
"""

from toolkit.publish.boundary import (
    Published,
    keep_previous,
    publish_checked,
    publish_each_checked,
    stage_and_swap,
)
from toolkit.publish.cache import CLEAN_CACHE, PUBLISHED_STAMP, current, inputs_digest
from toolkit.publish.fs import recover, swap_in
from toolkit.publish.manifest import MANIFEST, manifest_lines, verify_folder, write_manifest
from toolkit.publish.site import PUBLIC, official_downloads, publish

__all__ = ["CLEAN_CACHE", "MANIFEST", "PUBLIC", "PUBLISHED_STAMP", "Published", "current",
           "inputs_digest", "keep_previous", "manifest_lines", "official_downloads", "publish", "publish_checked",
           "publish_each_checked", "recover", "stage_and_swap", "swap_in", "verify_folder",
           "write_manifest"]
