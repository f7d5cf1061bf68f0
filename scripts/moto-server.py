"""moto's server, as `python -m moto.server -H HOST -p PORT` starts it, with one difference: DynamoDB requests are
served one at a time.

DynamoDB applies a conditional write atomically; moto's threaded server evaluates the condition and writes the item
without a lock, so two concurrent conditional writes can both succeed. Spotter's store relies on that atomicity
(NodeClaimStoreContract.update_whenWritersRaceOnThreads_exactlyOneWins checks it), so the DynamoDB requests are
serialised here; every other service keeps moto's concurrency (SQS long polls do not block anything).
"""
import argparse
import os
import threading

from werkzeug.serving import run_simple

from moto.moto_server.werkzeug_app import DomainDispatcherApplication, create_backend_app


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("-H", "--host", default="127.0.0.1")
    parser.add_argument("-p", "--port", type=int, required=True)
    args = parser.parse_args()
    os.environ.setdefault("MOTO_PORT", str(args.port))

    app = DomainDispatcherApplication(create_backend_app)
    dynamodb = threading.Lock()

    def serve(environ, start_response):
        if environ.get("HTTP_X_AMZ_TARGET", "").startswith("DynamoDB_"):
            with dynamodb:
                return list(app(environ, start_response))
        return app(environ, start_response)

    run_simple(args.host, args.port, serve, threaded=True, use_reloader=False)


if __name__ == "__main__":
    main()
