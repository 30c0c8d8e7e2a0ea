"""The corpus module is imported by the tests here and by bench/hostile_corpus.py."""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
