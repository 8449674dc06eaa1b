# Shared helpers for scripts/*.sh (sourced, not run).

# Load the committed fixtures into the database the settings point at. Before the
# fixtures exist (fixtures/*.json not committed yet) fall back to the CSV loader,
# so a fresh checkout still shows real data. Does nothing if data is already there.
# Arguments go to load_fixtures (serve.sh: --skip-checks, migrate just ran them).
data_load() {
    if compgen -G "fixtures/*.json" > /dev/null; then
        .venv/bin/python manage.py load_fixtures "$@"
    else
        echo "no fixtures/*.json yet: loading the published CSVs instead (make data writes the fixtures)" >&2
        if [ "$(.venv/bin/python manage.py shell -c 'from provinces.models import Unit; print(Unit.objects.exists())' 2> /dev/null)" = "True" ]; then
            echo "data already present" >&2
        else
            .venv/bin/python manage.py load_dti_data
        fi
    fi
}
