"""shakyo-eval: checks the arithmetic of Japanese evaluation sheets (事務事業評価表)."""

__version__ = "0.1.0"
