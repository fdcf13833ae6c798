# kind: wrong
# why: Adds x.detach() as the identity shortcut (to 'not count it twice'), so values match but the direct gradient path through the sum is cut; violates 'e o gradiente tem um caminho direto (a soma) até as primeiras camadas' (hidden tests compare gradients).
def block_forward(self, x):
    """Propagação direta do bloco residual básico da ResNet-18.

    Caminho principal: conv1 -> bn1 -> ReLU -> conv2 -> bn2.
    Atalho (shortcut): a própria entrada x ou, se self.downsample não for None,
    self.downsample(x), que casa canais e resolução com a saída do caminho principal.
    Some os dois caminhos e só então aplique a ReLU.
    """
    if self.downsample is not None:
        identity = self.downsample(x)
    else:
        identity = x.detach()
    out = self.conv1(x)
    out = self.bn1(out)
    out = F.relu(out)
    out = self.conv2(out)
    out = self.bn2(out)
    return F.relu(out + identity)


BasicBlock.forward = block_forward
