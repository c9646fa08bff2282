"""The text path: a page's blocks cleaned of chrome, its main block chosen, its site's
template stripped."""
