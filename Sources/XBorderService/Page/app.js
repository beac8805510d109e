// The desk page.
