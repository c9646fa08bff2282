"""Chrome: the rules that say a line is page furniture (as data), and the matcher that
applies them."""
