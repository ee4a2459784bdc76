"""gunicorn settings for the portal's image (Dockerfile, docker-compose.yml, make load).

The access log records the path without its query string and without the referrer: searches in
the bank carry people's names there, and the logs must hold no personal data.
"""

import os

# Inside the container, behind the TLS-terminating proxy.
bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", "3"))
accesslog = "-"
access_log_format = '%(h)s %(t)s "%(m)s %(U)s" %(s)s %(b)s %(L)s'
