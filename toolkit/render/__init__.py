"""The renderers: one module per output format, each taking the (redacted) model and writing that format.

A renderer receives a view that :mod:`toolkit.view` has already made for one audience and shows
everything in it; it never decides what may be shown, and never writes where the public can see:
:mod:`toolkit.publish` calls it into a staging folder and leak-checks the result.  The site is the
package :mod:`toolkit.render.site` (Sphinx); the Word, PDF, diff, Anki and quiz formats are the
modules beside it.
"""
