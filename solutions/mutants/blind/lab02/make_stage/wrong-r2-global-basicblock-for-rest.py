# kind: wrong
# why: Uses the argument only for the first block and the notebook's own BasicBlock class for the others (copy-paste), so stages built with another block type are mixed; violates 'O argumento block é a classe (ou função) que cria um bloco' and 'Os demais blocos mantêm tudo: block(out_channels, out_channels)'.
def make_stage(block, in_channels, out_channels, num_blocks, stride):
    """Monta um estágio (layer1..layer4) da ResNet: um nn.Sequential de num_blocks blocos.

    - O primeiro bloco recebe in_channels canais, devolve out_channels e usa o stride
      dado: block(in_channels, out_channels, stride, downsample).
    - Ele precisa de downsample quando stride != 1 ou in_channels != out_channels:
      nn.Sequential(conv 1x1 com esse stride e sem bias, nn.BatchNorm2d(out_channels));
      caso contrário, o bloco não tem downsample (None).
    - Os demais blocos mantêm tudo: block(out_channels, out_channels).
    Passe os argumentos de block na ordem acima (posicionais).
    """
    downsample = None
    if stride != 1 or in_channels != out_channels:
        downsample = nn.Sequential(nn.Conv2d(in_channels, out_channels, 1, stride, bias=False),
                                   nn.BatchNorm2d(out_channels))
    blocks = [block(in_channels, out_channels, stride, downsample)]
    while len(blocks) < num_blocks:
        blocks.append(BasicBlock(out_channels, out_channels))
    return nn.Sequential(*blocks)
