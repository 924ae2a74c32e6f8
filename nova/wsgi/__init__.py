"""Entry points for running nova's APIs under a WSGI server (uwsgi,
mod_wsgi, gunicorn)."""
