"""The ceiling: the least a Flask app can do, on the same gunicorn settings as the app.

    gunicorn -c deploy/gunicorn.conf.py --pythonpath bench ceiling:app

GET / renders one tiny template; POST /sign inserts one row and commits (SQLite with
the app's settings: WAL, synchronous=FULL, BEGIN IMMEDIATE; or PostgreSQL with one
connection per worker) and answers 303. CEILING_DATABASE_URL names the database.

POST /sign-as-app (for bench/floor.py) runs instead the app's own signing statements
(the signature and its confirmation e-mail, with the appeal's condition), written out by
bench/floor.py to the JSON file CEILING_STATEMENTS names, in the app's database, with the
form's name and address in their places, in one transaction as the ceiling's row is:
the same minimal Flask app, with signing's database work and none of its other work.
"""

from __future__ import annotations

import json
import os
import sqlite3
from functools import cache

from flask import Flask, redirect, render_template, request
from jinja2 import DictLoader

URL = os.environ.get("CEILING_DATABASE_URL", "sqlite:///ceiling.sqlite")
PAGE = "<!doctype html><title>{{ title }}</title><h1>{{ title }}</h1><p>{{ count }} signatures"
SCHEMA = "CREATE TABLE IF NOT EXISTS items (id {pk}, email VARCHAR(320) UNIQUE, name TEXT)"

app = Flask(__name__)
app.jinja_loader = DictLoader({"page.html": PAGE})
_connection = None


def connection():
    """One connection per worker process, opened on first use."""
    global _connection  # a per-process connection, like a pool of one
    if _connection is None:
        if URL.startswith("sqlite"):
            _connection = sqlite3.connect(URL.removeprefix("sqlite:///"), isolation_level=None)
            _connection.execute("PRAGMA journal_mode=WAL")
            _connection.execute("PRAGMA synchronous=FULL")
            _connection.execute("PRAGMA busy_timeout=10000")
        else:
            import psycopg

            _connection = psycopg.connect(URL.replace("postgresql+psycopg", "postgresql"))
    return _connection


def create_schema() -> None:
    pk = "INTEGER PRIMARY KEY" if URL.startswith("sqlite") else "BIGSERIAL PRIMARY KEY"
    conn = connection()
    conn.execute(SCHEMA.format(pk=pk))
    if not URL.startswith("sqlite"):
        conn.commit()


@app.get("/healthz")
def healthz():
    return "ok"


@app.get("/")
def page():
    return render_template("page.html", title="Free them now", count=1000)


@app.post("/sign")
def sign():
    conn = connection()
    values = (request.form["email"], request.form["name"])
    if URL.startswith("sqlite"):
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("INSERT INTO items (email, name) VALUES (?, ?)", values)
        conn.execute("COMMIT")
    else:
        conn.execute("INSERT INTO items (email, name) VALUES (%s, %s)", values)
        conn.commit()
    return redirect("/thanks", 303)


@cache
def app_statements() -> list[dict]:
    """The app's signing statements and their parameters (see bench/floor.py), read once."""
    with open(os.environ["CEILING_STATEMENTS"]) as file:
        return json.load(file)


@app.post("/sign-as-app")
def sign_as_app():
    conn = connection()
    email, name = request.form["email"], request.form["name"]
    sqlite = URL.startswith("sqlite")
    if sqlite:
        conn.execute("BEGIN IMMEDIATE")
    new_id = None
    for statement in app_statements():
        values = statement["parameters"].copy()  # a list on SQLite, a dict on PostgreSQL
        for key in statement["address"]:
            values[key] = email
        for key in statement["name"]:
            values[key] = name
        for key, text in statement["late"]:  # the previous statement's new id
            values[key] = f"{text}{new_id}" if text else new_id
        found = conn.execute(statement["sql"], values).fetchone()
        if found is None:  # the appeal's condition or a conflict: wrk counts the 409
            conn.execute("ROLLBACK") if sqlite else conn.rollback()
            return "not signed", 409
        new_id = found[0]
    conn.execute("COMMIT") if sqlite else conn.commit()
    return redirect("/thanks", 303)


if __name__ == "__main__":
    create_schema()
