"""Signal analysis of power-system waveforms and phasors (numpy, no GUI).

Modules: :mod:`rms` (one-cycle sliding RMS), :mod:`phasor` (DFT phasors),
:mod:`harmonics` (spectrum to the 63rd and THD), :mod:`frequency`
(frequency estimation) and :mod:`sequence` (symmetrical components and
unbalance, also used for phasors read from meters).
"""
