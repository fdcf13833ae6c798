# kind: wrong
# why: Applies bn1/bn2 with F.batch_norm(..., training=False), i.e. always with the running statistics, so eval matches but train() gives other outputs, no running-stat updates; violates the block diagram's bn1/bn2 and 'põem os seus blocos ... em train() e em eval(), e comparam saídas, gradientes e médias móveis'.
def block_forward(self, x):
    """Propagação direta do bloco residual básico da ResNet-18.

    Caminho principal: conv1 -> bn1 -> ReLU -> conv2 -> bn2.
    Atalho (shortcut): a própria entrada x ou, se self.downsample não for None,
    self.downsample(x), que casa canais e resolução com a saída do caminho principal.
    Some os dois caminhos e só então aplique a ReLU.
    """
    def norm(bn, t):
        return F.batch_norm(t, bn.running_mean, bn.running_var, bn.weight, bn.bias, False, 0.0, bn.eps)

    identity = x if self.downsample is None else self.downsample(x)
    out = F.relu(norm(self.bn1, self.conv1(x)))
    out = norm(self.bn2, self.conv2(out))
    return F.relu(out + identity)


BasicBlock.forward = block_forward
