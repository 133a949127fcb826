"""The one place that reads the environment. Every variable is documented in .env.example."""

from pathlib import Path

import environ

BASE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = Path(environ.Env().str("HAMAFZA_DATA_DIR", default=str(BASE_DIR / "data")))

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)
