# One image for web, worker and beat (docker-compose.yml). Front-end assets come from the npm
# registry in a build stage; Python packages from PyPI, pinned by requirements/runtime.lock: the
# runtime set only, no test or lint tool (tests/test_requirements.py checks the lock).
FROM node:20-bookworm-slim AS assets
WORKDIR /build
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund --loglevel=error

FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 DEBUG=0
RUN apt-get update \
 && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 \
      fonts-dejavu-core fontconfig \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --create-home --uid 1000 portal
WORKDIR /app
COPY requirements/runtime.lock requirements/
RUN pip install --no-cache-dir -r requirements/runtime.lock
COPY --from=assets /build/node_modules ./node_modules
COPY . .
# collectstatic needs a key to import settings; the real one is given at run time.
RUN SECRET_KEY=collectstatic-only ALLOWED_HOSTS=localhost python manage.py collectstatic --noinput
USER portal
EXPOSE 8000
CMD ["gunicorn", "config.wsgi:application", "-c", "config/gunicorn.py", "--access-logfile", "-"]
