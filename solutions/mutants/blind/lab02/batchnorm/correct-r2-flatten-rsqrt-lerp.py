# kind: correct
# why: Moves channels first and flattens to (C, N*H*W), uses centered second moment for the biased var, rsqrt, and running.lerp_(stat, momentum) == (1-m)*running + m*stat in place; equal to bn(x) in both modes.
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
    C = x.shape[1]
    shape = (1, C, 1, 1)
    if bn.training:
        flat = x.transpose(0, 1).reshape(C, -1)
        n = flat.shape[1]
        mean = flat.mean(dim=1)
        centered = flat - mean[:, None]
        var = (centered * centered).mean(dim=1)
        if bn.num_batches_tracked is not None:
            bn.num_batches_tracked += 1
        m = bn.momentum if bn.momentum is not None else 1.0 / float(bn.num_batches_tracked)
        with torch.no_grad():
            bn.running_mean.lerp_(mean.detach(), m)
            bn.running_var.lerp_(var.detach() * (n / (n - 1)), m)
    else:
        mean, var = bn.running_mean, bn.running_var
    scale = bn.weight * torch.rsqrt(var + bn.eps)
    shift = bn.bias - mean * scale
    return x * scale.view(shape) + shift.view(shape)
