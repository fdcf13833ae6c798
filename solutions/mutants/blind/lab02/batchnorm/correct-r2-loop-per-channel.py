# kind: correct
# why: Per-channel loop with explicit sums (biased var for normalizing, n/(n-1) rescale for running_var), buffers updated in place under no_grad with bn.momentum/bn.eps; also handles momentum=None like nn.BatchNorm2d. Matches bn(x) incl. gradients.
def batchnorm_forward(x, bn):
    """Reproduz bn(x) de uma nn.BatchNorm2d `bn` para x de shape (N, C, H, W).

    - Em modo treino (bn.training verdadeiro): normaliza com a média e a variância
      *do batch*, por canal (sobre as dimensões N, H e W; variância enviesada, que
      divide por n). Também atualiza as estatísticas acumuladas (buffers, sem gradiente: use .detach()):
      running = (1 - bn.momentum) * running + bn.momentum * estatística_do_batch,
      usando para running_var a variância *não enviesada* (divide por n - 1).
    - Em modo avaliação: normaliza com bn.running_mean e bn.running_var, sem mudá-las.
    Depois, em ambos: multiplica por bn.weight e soma bn.bias (por canal).
    Use bn.eps dentro da raiz: (x - média) / sqrt(var + eps).
    """
    n_per_channel = x.shape[0] * x.shape[2] * x.shape[3]
    if bn.training:
        if bn.num_batches_tracked is not None:
            with torch.no_grad():
                bn.num_batches_tracked.add_(1)
        if bn.momentum is None:
            factor = 1.0 / float(bn.num_batches_tracked)
        else:
            factor = bn.momentum
    channels = []
    for c in range(x.shape[1]):
        xc = x[:, c, :, :]
        if bn.training:
            mean_c = xc.sum() / n_per_channel
            var_c = ((xc - mean_c) ** 2).sum() / n_per_channel
            with torch.no_grad():
                unbiased_c = var_c.detach() * n_per_channel / (n_per_channel - 1)
                bn.running_mean[c] = (1 - factor) * bn.running_mean[c] + factor * mean_c.detach()
                bn.running_var[c] = (1 - factor) * bn.running_var[c] + factor * unbiased_c
        else:
            mean_c = bn.running_mean[c]
            var_c = bn.running_var[c]
        yc = (xc - mean_c) / torch.sqrt(var_c + bn.eps)
        yc = yc * bn.weight[c] + bn.bias[c]
        channels.append(yc)
    return torch.stack(channels, dim=1)
