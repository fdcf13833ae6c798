# kind: wrong
# why: Applies the shortcut as self.downsample[1](self.downsample[0](x)), assuming it is always the conv+BN Sequential; breaks for any other shortcut module (e.g. NoShortcut); violates 'o downsample que o bloco recebe pode ser qualquer módulo que adapte o atalho'.
def block_forward(self, x):
    """Propagação direta do bloco residual básico da ResNet-18.

    Caminho principal: conv1 -> bn1 -> ReLU -> conv2 -> bn2.
    Atalho (shortcut): a própria entrada x ou, se self.downsample não for None,
    self.downsample(x), que casa canais e resolução com a saída do caminho principal.
    Some os dois caminhos e só então aplique a ReLU.
    """
    identity = x
    out = F.relu(self.bn1(self.conv1(x)))
    out = self.bn2(self.conv2(out))
    if self.downsample is not None:
        conv, norm = self.downsample[0], self.downsample[1]
        identity = norm(conv(x))
    return F.relu(out + identity)


BasicBlock.forward = block_forward
