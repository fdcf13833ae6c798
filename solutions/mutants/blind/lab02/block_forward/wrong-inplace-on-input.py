# kind: wrong
# why: adds the main path into x in place (x += out) when there is no downsample, modifying the caller's input tensor; output values right, but the visible value test reuses x afterwards and fails (t2 fails, t1/t3 pass)
def block_forward(self, x):
    """Propagação direta do bloco residual básico da ResNet-18.

    Caminho principal: conv1 -> bn1 -> ReLU -> conv2 -> bn2.
    Atalho (shortcut): a própria entrada x ou, se self.downsample não for None,
    self.downsample(x), que casa canais e resolução com a saída do caminho principal.
    Some os dois caminhos e só então aplique a ReLU.
    """
    # SEU CÓDIGO AQUI
    out = F.relu(self.bn1(self.conv1(x)))
    out = self.bn2(self.conv2(out))
    identity = self.downsample(x) if self.downsample is not None else x
    identity += out
    return F.relu_(identity)


BasicBlock.forward = block_forward
