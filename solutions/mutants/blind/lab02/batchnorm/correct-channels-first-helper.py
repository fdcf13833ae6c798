# kind: correct
# why: moves channels first and flattens to (C, N*H*W) with a helper, uses torch.var with correction=0 / correction=1, rebinds buffers via .copy_ of detached stats; eps inside sqrt; weight/bias per channel (also num_batches_tracked and momentum=None)
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
    def per_channel(t):  # (N, C, H, W) -> (C, N*H*W)
        return t.transpose(0, 1).reshape(t.shape[1], -1)

    def as_4d(v):
        return v.reshape(1, -1, 1, 1)

    if bn.training or bn.running_mean is None:
        flat = per_channel(x)
        mu = flat.mean(dim=1)
        sigma2 = flat.var(dim=1, correction=0)
        if bn.training and bn.running_mean is not None:
            bn.num_batches_tracked += 1
            m = bn.momentum if bn.momentum is not None else 1.0 / bn.num_batches_tracked.item()
            new_mean = (1 - m) * bn.running_mean + m * mu.detach()
            new_var = (1 - m) * bn.running_var + m * flat.detach().var(dim=1, correction=1)
            bn.running_mean.copy_(new_mean)
            bn.running_var.copy_(new_var)
    else:
        mu, sigma2 = bn.running_mean, bn.running_var
    out = (x - as_4d(mu)) / torch.sqrt(as_4d(sigma2) + bn.eps)
    if bn.affine:
        out = out * as_4d(bn.weight) + as_4d(bn.bias)
    return out
