/*
 * The constants that define activation kernels, stated once: core's compositions, autograd's
 * gradient rules and every backend's native kernels read them here, so that they cannot drift apart.
 */

/** SELU's α (Klambauer et al., 2017, "Self-Normalizing Neural Networks"), to float64 precision. */
export const SELU_ALPHA = 1.6732632423543772;

/** SELU's scale λ (Klambauer et al., 2017), to float64 precision. */
export const SELU_SCALE = 1.0507009873554805;

/**
 * The cubic coefficient of GELU's tanh approximation (Hendrycks and Gimpel, 2016):
 * gelu(x) ≈ x/2 (1 + tanh(√(2/π) (x + 0.044715 x³))), as TF and PyTorch's 'tanh' mode.
 */
export const GELU_TANH_CUBIC = 0.044715;
