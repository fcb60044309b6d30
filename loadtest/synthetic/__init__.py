"""A synthetic, deterministic incident record for load tests (``manage.py seed_synthetic``).

The generator is in ``generator`` and the name, phrase and date tables it draws from in
``data``. Everything it writes is marked (``is_synthetic``, ``synthetic-`` slugs, URLs on
``https://synthetic.example/``) and ``remove()`` deletes exactly that.
"""

from .generator import SLUG_PREFIX, URL_BASE, Summary, analyze, exists, generate, remove

__all__ = ["SLUG_PREFIX", "URL_BASE", "Summary", "analyze", "exists", "generate", "remove"]
