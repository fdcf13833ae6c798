# kind: wrong
# why: Runs the downsample shortcut under torch.no_grad() ('it only adapts channels'), so the 1x1 conv and its BN get no gradient and the input loses that path; violates 'o atalho passa por downsample, uma convolução 1×1 ... seguida de BatchNorm2d' being part of the block whose gradients the hidden tests compare.
def block_forward(self, x):
    """Propagação direta do bloco residual básico da ResNet-18.

    Caminho principal: conv1 -> bn1 -> ReLU -> conv2 -> bn2.
    Atalho (shortcut): a própria entrada x ou, se self.downsample não for None,
    self.downsample(x), que casa canais e resolução com a saída do caminho principal.
    Some os dois caminhos e só então aplique a ReLU.
    """
    out = F.relu(self.bn1(self.conv1(x)))
    out = self.bn2(self.conv2(out))
    if self.downsample is None:
        identity = x
    else:
        with torch.no_grad():
            identity = self.downsample(x)
    return F.relu(out + identity)


BasicBlock.forward = block_forward
