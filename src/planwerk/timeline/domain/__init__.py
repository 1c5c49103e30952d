"""The timeline's rules in plain Python (no Django): which planned dates move together
(`schedule`), what is done, late and next (`items`), the time axis with its gaps left
out (`scale`), and the drawing as SVG (`drawing`)."""
