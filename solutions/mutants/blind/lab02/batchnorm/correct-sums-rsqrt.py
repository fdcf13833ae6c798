# kind: correct
# why: explicit sums over (N,H,W) divided by n, rsqrt(var + eps), in-place no_grad buffer updates with unbiased var (n/(n-1)); also increments num_batches_tracked, handles momentum=None (cumulative), affine=False and track_running_stats=False like nn.BatchNorm2d
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
    # SEU CÓDIGO AQUI
    C = x.shape[1]
    use_batch_stats = bn.training or bn.running_mean is None
    if use_batch_stats:
        n = x.numel() // C
        mean = x.sum(dim=(0, 2, 3)) / n
        centered = x - mean.view(1, C, 1, 1)
        var = (centered * centered).sum(dim=(0, 2, 3)) / n  # enviesada
        if bn.training and bn.running_mean is not None:
            with torch.no_grad():
                bn.num_batches_tracked.add_(1)
                if bn.momentum is None:  # média acumulada, como a BatchNorm faz
                    factor = 1.0 / float(bn.num_batches_tracked)
                else:
                    factor = bn.momentum
                unbiased = var.detach() * (n / (n - 1))
                bn.running_mean.mul_(1 - factor).add_(factor * mean.detach())
                bn.running_var.mul_(1 - factor).add_(factor * unbiased)
    else:
        mean, var = bn.running_mean, bn.running_var
        centered = x - mean.view(1, C, 1, 1)
    y = centered * torch.rsqrt(var + bn.eps).view(1, C, 1, 1)
    if bn.weight is not None:
        y = y * bn.weight.view(1, C, 1, 1)
    if bn.bias is not None:
        y = y + bn.bias.view(1, C, 1, 1)
    return y
