"""Tools that change the repository or report on its state: new documents, recorded
reviews, safe repairs, CODEOWNERS, the review report and its reminders, pull-request
summaries, review calendars, and the editor workflows' steps (``browser_editing``)."""
