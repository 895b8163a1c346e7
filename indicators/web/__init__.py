"""HTTP routes beside the Dash pages: today the upload API (a Flask blueprint registered by app.py).
The top layer with pages/ and the CLI: may import every other part of indicators/."""
